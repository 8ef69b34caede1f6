using System.Text;
using Gantry.Supervisor.Rpc;

namespace Gantry.Supervisor.Tests.Rpc;

public sealed class XmlRpcTests
{
    [Fact]
    public void Call_WrittenThenRead_KeepsEveryType()
    {
        var call = XmlRpcWriter.Call("supervisor.startProcess", ["name", true, 42, 1.5, new List<object?> { "a", 1 }, new Dictionary<string, object?> { ["k"] = "v" }]);
        var (method, parameters) = XmlRpcReader.ReadCall(new MemoryStream(call));
        Assert.Equal("supervisor.startProcess", method);
        Assert.Equal("name", parameters[0]);
        Assert.Equal(true, parameters[1]);
        Assert.Equal(42, parameters[2]);
        Assert.Equal(1.5, parameters[3]);
        Assert.Equal(["a", 1], (List<object?>)parameters[4]!);
        Assert.Equal("v", ((Dictionary<string, object?>)parameters[5]!)["k"]);
    }

    [Fact]
    public void PythonStyleCall_UntypedValueIsAString()
    {
        var body = "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getProcessInfo</methodName>\n<params>\n<param>\n<value>prj</value>\n</param>\n</params>\n</methodCall>\n";
        var (method, parameters) = XmlRpcReader.ReadCall(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(("supervisor.getProcessInfo", "prj"), (method, parameters.Single()));
    }

    [Fact]
    public void Fault_ReadBack_HasCodeAndText()
    {
        var fault = Assert.Throws<RemoteFault>(() => XmlRpcReader.ReadResponse(new MemoryStream(XmlRpcWriter.Fault(Faults.BadName, "BAD_NAME: x"))));
        Assert.Equal((10, "BAD_NAME: x"), (fault.Code, fault.Message));
    }

    [Fact]
    public void DoctypeWithEntity_IsRefused()
    {
        var body = "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><methodCall><methodName>&a;</methodName></methodCall>";
        var fault = Assert.Throws<RpcFault>(() => XmlRpcReader.ReadCall(new MemoryStream(Encoding.UTF8.GetBytes(body))));
        Assert.Equal(Faults.IncorrectParameters, fault.Code);
    }

    [Theory]
    [InlineData(5, "0:00:05")]
    [InlineData(3725, "1:02:05")]
    [InlineData(86400 + 61, "1 day, 0:01:01")]
    [InlineData(3 * 86400, "3 days, 0:00:00")]
    public void Uptime_IsPythonsTimedelta(int seconds, string expected) => Assert.Equal(expected, RpcInterface.Uptime(seconds));
}
