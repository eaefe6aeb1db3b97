using Autofac;
using Poet.Interception;

namespace Poet.Tests.Interception;

public sealed class FunctionIdTests
{
    [Test]
    public void Ids_are_interface_dot_method_with_suffixes_for_overloads_and_the_name_override()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<Named>().As<INamed>().EnablePoet(), recorder: recorder);
        var named = container.Resolve<INamed>();

        named.Run(1);
        named.Run("ab", 2);
        named.Custom();
        _ = named.Label;

        Assert.That(recorder.Records.Select(r => r.FunctionId), Is.EqualTo(new[] { "INamed.Run(Int32)", "INamed.Run(String,Int32)", "custom.id" }));
    }

    [Test]
    public void Generic_methods_get_one_function_per_type_argument()
    {
        var recorder = new CapturingRecorder();
        using var container = PoetTestHost.Build(b => b.RegisterType<GenericMethods>().As<IGenericMethods>().EnablePoet(), recorder: recorder);
        var service = container.Resolve<IGenericMethods>();

        Assert.Multiple(() =>
        {
            Assert.That(service.Echo(5), Is.EqualTo(5));
            Assert.That(service.Echo("x"), Is.EqualTo("x"));
            Assert.That(recorder.Records.Select(r => r.FunctionId), Is.EqualTo(new[] { "IGenericMethods.Echo<Int32>", "IGenericMethods.Echo<String>" }));
        });
    }

    [Test]
    public void Generic_interfaces_and_types_read_like_csharp()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FunctionIds.For(typeof(IRepo<Order>).GetMethod("Get")!, new PoetAttribute()), Is.EqualTo("IRepo<Order>.Get"));
            Assert.That(FunctionIds.TypeName(typeof(Dictionary<string, List<int?>>)), Is.EqualTo("Dictionary<String,List<Int32?>>"));
            Assert.That(FunctionIds.TypeName(typeof(double[])), Is.EqualTo("Double[]"));
        });
    }
}

public interface IGenericMethods
{
    [Poet]
    T Echo<T>(T value);
}

public sealed class GenericMethods : IGenericMethods
{
    public T Echo<T>(T value) => value;
}
